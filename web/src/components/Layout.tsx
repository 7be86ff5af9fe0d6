import { NavLink, Outlet } from "react-router";

import { ConnectButton } from "./ConnectButton";

export function Layout() {
  return (
    <>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Bazaar
        </NavLink>
        <nav>
          <NavLink to="/" end>
            Feed
          </NavLink>
          <NavLink to="/orders">My orders</NavLink>
          <NavLink to="/sell">Sell</NavLink>
          <NavLink to="/rentals">Rent</NavLink>
          <NavLink to="/plans">Installments</NavLink>
        </nav>
        <ConnectButton />
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}
